import { runDemo } from './run-demo.js';

for (const line of await runDemo()) console.log(line);
