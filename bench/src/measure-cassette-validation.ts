/**
 * CPU time of judging every committed cassette against its provider's schema (`validateCassette`,
 * test/schemas: the validator of `@billbridge/testing` on the schemas the tests use), per
 * interaction. The suite runs the same validator on every answer of the schema-checked emulator.
 *
 *   cd bench && npx tsx src/measure-cassette-validation.ts [rounds]
 *
 * Five timed sets of `rounds` passes over all cassettes after one untimed pass (which loads the
 * schemas); prints each set's CPU ms and the fastest set's µs per interaction.
 */
import { type Cassette, readCassette } from '../../packages/testing/src/index.js';
import { listCassettes } from '../../test/schemas/list-cassettes.js';
import { validateCassette } from '../../test/schemas/validate-provider-picture.js';

const cassettes: Cassette[] = listCassettes().map((file) => readCassette(file));
const interactions = cassettes.reduce((sum, cassette) => sum + cassette.interactions.length, 0);
const rounds = Number(process.argv[2] ?? 30);
let issues = 0;
for (const cassette of cassettes) issues += validateCassette(cassette).length;
const sets: number[] = [];
for (let set = 0; set < 5; set++) {
  const started = process.cpuUsage();
  for (let round = 0; round < rounds; round++)
    for (const cassette of cassettes) issues += validateCassette(cassette).length;
  const used = process.cpuUsage(started);
  sets.push((used.user + used.system) / 1000);
}
if (issues > 0) throw new Error(`bench: the committed cassettes have ${issues} schema issues`);
const fastest = Math.min(...sets);
console.log(
  `${cassettes.length} cassettes, ${interactions} interactions, ${rounds} passes a set: CPU ms per set ` +
    `${sets.map((ms) => ms.toFixed(0)).join(', ')}; fastest ${((fastest * 1000) / rounds / interactions).toFixed(1)} µs an interaction`,
);
