import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type BillingClient,
  type BillingEvent,
  createMemoryDedupeStore,
  createWebhookHandler,
  type DedupeStore,
  toNodeListener,
} from '@billbridge/core';

/** A running webhook endpoint. */
export interface WebhookServer {
  /** `http://127.0.0.1:<port>/webhooks` */
  url: string;
  close(): Promise<void>;
}

/** One line per normalized event: what happened to which object, and the provider's own name for it. */
export function describeEvent(event: BillingEvent): string {
  const subject = event.invoice?.id ?? event.creditNote?.id ?? event.customerId ?? '-';
  const money = event.invoice
    ? ` ${event.invoice.status} total ${event.invoice.total.amount} ${event.invoice.currency}`
    : event.creditNote
      ? ` ${event.creditNote.status} ${event.creditNote.total.amount} ${event.creditNote.total.currency}`
      : '';
  return `${event.type} ${subject}${money} (${event.provider} ${event.providerType}, ${event.id})`;
}

/**
 * A `node:http` server whose only route, `POST /webhooks`, is billbridge's webhook handler: the raw
 * body is verified by `billing.parseWebhook`, each event is handled once (`dedupe`), and handling
 * it here means logging it. An application would refetch the invoice and act on it instead.
 */
export async function startWebhookServer(options: {
  billing: Pick<BillingClient, 'parseWebhook'>;
  log: (line: string) => void;
  dedupe?: DedupeStore;
  port?: number;
}): Promise<WebhookServer> {
  const handle = createWebhookHandler({
    billing: options.billing,
    dedupe: options.dedupe ?? createMemoryDedupeStore(),
    onEvent: (event) => options.log(describeEvent(event)),
    onError: (error) =>
      options.log(`refused or failed: ${error instanceof Error ? error.message : String(error)}`),
  });
  const listener = toNodeListener(handle);
  const server = createServer((req, res) => {
    if (req.url !== '/webhooks') {
      res.writeHead(404).end();
      return;
    }
    void listener(req, res);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    close: () =>
      new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
