import { registerHalf } from './files';

// See files.ts: the second of the two halves of the browser tests.
registerHalf(1);
