module kernite.init { requires kernite.runtime; }
