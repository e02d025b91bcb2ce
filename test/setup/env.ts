// e2e specs build their own apps; keep Nest's bootstrap logger quiet in test output.
process.env.LOG_LEVEL ??= 'silent';
