/** Whether a request body is acceptable to a form-encoded API: empty, or sent as `application/x-www-form-urlencoded`. */
export function isFormBody(rawBody: string, contentType: string | undefined): boolean {
  return (
    rawBody.trim() === '' || (contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')
  );
}
