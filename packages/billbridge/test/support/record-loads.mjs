// Registers module hooks that append the URL of every module Node loads to the file named by
// BILLBRIDGE_LOAD_LOG (one a line). `node --import ./record-loads.mjs …`; the hooks run on
// Node's loader thread, so they write to a file rather than to the main thread's memory.
import { register } from 'node:module';

register('./record-loads-hooks.mjs', import.meta.url);
