/**
 * The Kernite shell: the console session service. It owns the terminal (console privilege), inspects the kernel's
 * tables (inspect privilege) and controls services through rs. Line editing, history and completion come from
 * JLine when standard input is a terminal; otherwise it reads plain lines, so scripts and tests can drive it.
 * It exports nothing: it is a program, not a library.
 */
module kernite.shell {
    requires kernite.runtime;
    requires org.jline;
    // JLine reaches sun.misc.Signal reflectively to follow terminal resizes (SIGWINCH); without this the module
    // would not be resolved and line editing would not notice a resized window.
    requires jdk.unsupported;
}
