/** init: boots the system from the manifest through rs, prints the boot log, and waits for the session to end. */
module kernite.init {
    requires kernite.runtime;
}
