// Every exit status the tool itself chooses (README "Exit codes").
export const EXIT_OK = 0;
export const EXIT_DOCTOR_FOUND_PROBLEM = 1;
export const EXIT_TOOL_FAILED = 125;
export const EXIT_NOT_EXECUTABLE = 126;
export const EXIT_NOT_FOUND = 127;
export const EXIT_SIGNAL_BASE = 128;
