/** Something the caller should know that did not stop the call. */
export interface BillingWarning {
  code:
    | 'reason_not_recorded'
    | 'comment_not_recorded'
    | 'recorded_as_metadata'
    | 'reconciled'
    | 'idempotent_replay';
  message: string;
}
