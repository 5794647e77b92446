import { drawPlanImage, type PlanImageOptions } from './image/draw';

/** The canvas as PNG: OffscreenCanvas.convertToBlob or HTMLCanvasElement.toBlob. */
export function canvasToPngBlob(canvas: HTMLCanvasElement | OffscreenCanvas): Promise<Blob> {
  if ('convertToBlob' in canvas) return canvas.convertToBlob({ type: 'image/png' });
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the canvas could not be encoded as PNG'))), 'image/png');
  });
}

/**
 * Draws the plan on a new canvas and encodes it (browser only). `pixelRatio`
 * 2 gives a sharp picture for print or high-density screens.
 */
export async function renderPlanPng(options: PlanImageOptions, pixelRatio = 1): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(options.width * pixelRatio);
  canvas.height = Math.round(options.height * pixelRatio);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas context');
  ctx.scale(pixelRatio, pixelRatio);
  drawPlanImage(ctx, options);
  return canvasToPngBlob(canvas);
}
