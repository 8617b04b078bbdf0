// Evaluated before the first import of react (see load-ui.ts).
process.env.NODE_ENV ??= 'production';
export {};
