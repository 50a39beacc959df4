module kernite.shell { requires kernite.runtime; }
