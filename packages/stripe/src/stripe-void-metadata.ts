/** Invoice metadata keys where the Stripe adapter records a void's reason code and comment (DESIGN §3.3). */
export const STRIPE_VOID_METADATA_KEYS = {
  reasonCode: 'billbridge_void_reason_code',
  comment: 'billbridge_void_comment',
} as const;

/** Credit note metadata key for a free-form `reasonCode` (Stripe's `reason` is a closed enum). */
export const STRIPE_CREDIT_NOTE_REASON_CODE_KEY = 'billbridge_reason_code';
