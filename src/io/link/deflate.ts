/** Raw deflate with the platform's CompressionStream (browsers and Node 18+): no library needed. */
export async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  return pipe(bytes, new CompressionStream('deflate-raw'));
}

/** Throws when the data is not valid deflate (a truncated or damaged link). */
export async function inflate(bytes: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  const result = await pipe(bytes, new DecompressionStream('deflate-raw'), maxBytes);
  return result;
}

async function pipe(bytes: Uint8Array, transform: CompressionStream | DecompressionStream, maxBytes = Infinity): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(transform);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    // A small link must not inflate into gigabytes (a deflate bomb).
    if (size > maxBytes) {
      await reader.cancel();
      throw new Error(`the link unpacks to more than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const result = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    result.set(chunk, offset);
    offset += chunk.length;
  }
  return result;
}
