module kernite.counter { requires kernite.runtime; }
