/** Probe services for system tests: each prints {@code RESULT ...} lines that the tests read from its log. */
module kernite.probe {
    requires kernite.runtime;
}
