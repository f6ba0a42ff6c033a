import type { CliCommand } from './cli-command.js';
import { runAction, UsageError } from './cli-command.js';
import { EXIT_CODES } from './exit-codes.js';

interface EmulateFlags {
  port: string;
  host: string;
  stripeApiVersion?: string;
  chargebeeSite?: string;
  webhookUrl?: string;
  json?: boolean;
}

/** The environment variable the Stripe webhook secret is read from (kept off the command line). */
export const EMULATOR_WEBHOOK_SECRET_ENV = 'BILLBRIDGE_EMULATOR_WEBHOOK_SECRET';

function portOf(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) throw new UsageError(`--port must be 0–65535, got "${text}"`);
  return port;
}

/**
 * `billbridge emulate` (DESIGN §14): runs the Stripe and Chargebee emulator until SIGINT/SIGTERM,
 * printing its URL and the SDK options that point stripe-node / chargebee-node / billbridge at it
 * (`--json`: one JSON line). Exits 0 once stopped.
 */
export const emulateCommand: CliCommand = {
  name: 'emulate',
  register(program, context) {
    program
      .command('emulate')
      .description('Run the Stripe and Chargebee emulator (stateful, on loopback) until Ctrl-C')
      .option('--port <port>', 'the port to listen on (0: a free one)', '12111')
      .option('--host <host>', 'the address to listen on', '127.0.0.1')
      .option('--stripe-api-version <version>', 'the Stripe-Version of requests without one')
      .option('--chargebee-site <site>', 'the default Chargebee site (any test_… key selects it)')
      .option(
        '--webhook-url <url>',
        `POST every state change there (Chargebee Basic auth as user:password@; Stripe signed with $${EMULATOR_WEBHOOK_SECRET_ENV})`,
      )
      .option('--json', 'print the URL and SDK options as one JSON line')
      .action((flags: EmulateFlags) =>
        runAction(context, 'emulate', async () => {
          const { io } = context;
          const port = portOf(flags.port);
          if (flags.webhookUrl !== undefined && !URL.canParse(flags.webhookUrl))
            // Not echoed as given: its user:password@ is the Chargebee webhooks' Basic auth, and a
            // password may hold `/`, `#` or `?` (so everything up to the last `@` is hidden).
            throw new UsageError(`--webhook-url must be a URL, got "${maskUserInfo(flags.webhookUrl)}"`);
          const secret = io.env[EMULATOR_WEBHOOK_SECRET_ENV];
          // Stop on the first signal, even while still starting.
          let stop!: () => void;
          const stopped = new Promise<void>((resolve) => {
            stop = resolve;
          });
          const off = io.onInterrupt(() => stop());
          try {
            // Loaded only for this command: the other commands never pay for the emulator's start-up.
            const { startEmulator } = await import('@billbridge/emulator');
            const emulator = await startEmulator({
              host: flags.host,
              port,
              ...(flags.stripeApiVersion ? { stripe: { apiVersion: flags.stripeApiVersion } } : {}),
              ...(flags.chargebeeSite ? { chargebee: { site: flags.chargebeeSite } } : {}),
              ...(flags.webhookUrl
                ? { webhooks: { url: flags.webhookUrl, ...(secret ? { secret } : {}) } }
                : {}),
            }).catch((error: unknown) => {
              // A port or host that cannot be had is the operator's to change (exit 2, as a bad
              // flag), not a failure of the emulator (it was exit 1 with Node's stack).
              const code = (error as { code?: unknown }).code;
              if (code === 'EADDRINUSE' || code === 'EADDRNOTAVAIL' || code === 'EACCES')
                throw new UsageError(
                  `cannot listen on ${flags.host}:${port} (${code}): pick another --port or --host`,
                );
              throw error;
            });
            const { url, stripe, chargebee } = emulator;
            if (flags.json) {
              io.stdout.write(`${JSON.stringify({ url, port: emulator.port, stripe, chargebee })}\n`);
            } else {
              io.stdout.write(
                `billbridge emulator on ${url}\n` +
                  `  stripe-node:    new Stripe('sk_test_…', ${JSON.stringify(stripe)})\n` +
                  `  chargebee-node: new Chargebee({ apiKey: 'test_…', ...${JSON.stringify(chargebee)} })\n` +
                  `  billbridge:     BILLBRIDGE_STRIPE_API_BASE=${url} BILLBRIDGE_CHARGEBEE_API_BASE=${url}\n` +
                  `  control API:    ${url}/_emulator/\n`,
              );
            }
            io.stderr.write('billbridge emulate: running; Ctrl-C to stop\n');
            await stopped;
            await emulator.close();
            return EXIT_CODES.ok;
          } finally {
            off();
          }
        }),
      );
  },
};

/** `url` with everything between `//` (or its start) and its last `@` shown as `***`. */
function maskUserInfo(url: string): string {
  const at = url.lastIndexOf('@');
  if (at === -1) return url;
  const scheme = url.indexOf('//');
  const from = scheme !== -1 && scheme < at ? scheme + 2 : 0;
  return `${url.slice(0, from)}***${url.slice(at)}`;
}
