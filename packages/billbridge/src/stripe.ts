// `billbridge/stripe`: everything of `@billbridge/stripe` (an optional peer dependency: install it
// and `stripe` to use this entry). Importing it loads the Stripe SDK; `billbridge` alone does not.
export * from '@billbridge/stripe';
