import { registerHalf } from './files';

// See files.ts: the first of the two halves of the browser tests.
registerHalf(0);
