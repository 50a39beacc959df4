/** The counter service and its client: the example of transparent recovery across a service restart. */
module kernite.counter {
    requires kernite.runtime;
}
