// `billbridge/chargebee`: everything of `@billbridge/chargebee` (an optional peer dependency:
// install it and `chargebee` to use this entry). Importing it loads the chargebee SDK; `billbridge`
// alone does not.
export * from '@billbridge/chargebee';
