// publint on a packed tarball (what npm would publish), strict: warnings fail too.
// `node publint-tarball.mjs <file.tgz>`; prints each message, exit code 1 when there is one.
import { readFileSync } from 'node:fs';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const file = process.argv[2];
const bytes = readFileSync(file);
const tarball = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
const { messages, pkg } = await publint({ pack: { tarball }, strict: true, level: 'suggestion' });
for (const message of messages) console.log(`${message.type}: ${formatMessage(message, pkg)}`);
if (messages.some((message) => message.type !== 'suggestion')) process.exit(1);
