/**
 * npm run bench:raster: a WorldPop-sized population raster of a city of 2
 * million (1000 x 900 Float32 pixels at 3 arc-seconds around Almaty, nodata
 * -99999) summed within 8 districts of ~350 vertices each at 100 m, 250 m and
 * 1 km cells. Prints times and memory. Seeded, so runs are comparable.
 */
import { aggregateRaster } from '../src/io/raster/index';
import { HEIGHT, WIDTH, cityRaster, districts } from './benchCity';

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

async function main() {
  let peakHeap = 0;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers)), 5);
  let start = performance.now();
  const bytes = cityRaster();
  const shapes = districts();
  console.log(`raster ${WIDTH} x ${HEIGHT} Float32 (${mb(bytes.byteLength)}), 8 districts of ${shapes.features[0].geometry.coordinates[0].length} vertices: generated and written in ${((performance.now() - start) / 1000).toFixed(2)} s`);
  console.log('| cells | read and aggregated | points | inside the districts | raster total |');
  console.log('|---:|---:|---:|---:|---:|');
  for (const cellMetres of [100, 250, 1000]) {
    start = performance.now();
    const { summary } = await aggregateRaster('almaty_worldpop.tif', bytes, shapes, { cellMetres, childShare: 0.21, householdShare: 0.29 });
    const seconds = (performance.now() - start) / 1000;
    console.log(`| ${cellMetres} m | ${seconds.toFixed(2)} s | ${summary.points.toLocaleString('en')} | ${Math.round(summary.insideTotal).toLocaleString('en')} | ${Math.round(summary.rasterTotal).toLocaleString('en')} |`);
  }
  clearInterval(sampler);
  console.log(`peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}, peak heap + array buffers (sampled every 5 ms) ${mb(peakHeap)}; Node ${process.version}`);
}

await main();
