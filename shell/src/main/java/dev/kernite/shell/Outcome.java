package dev.kernite.shell;

/** What the session does after a command: read the next line, or end (the process then exits 0). */
public enum Outcome { CONTINUE, END }
