/** A waiver limit past ten years is a typo or a way to say "none"; the policy's `null` says that. Kept apart from the zod schema so the CLI's flag parser can use it without loading zod. */
export const MAX_WAIVER_DAYS_LIMIT = 3650;
