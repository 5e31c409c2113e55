/** The longest range of days a report covers unless the caller says otherwise. */
export const DEFAULT_MAX_DAYS = 31;
