import { voidOnChargebee } from './void-on-chargebee.js';

// Run: CHARGEBEE_SITE=acme-test CHARGEBEE_API_KEY=… CHARGEBEE_INVOICE_ID=… pnpm --filter @billbridge/example-chargebee-void start
process.exitCode = await voidOnChargebee(process.env, (line) => console.log(line));
