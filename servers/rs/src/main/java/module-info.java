module kernite.rs { requires kernite.runtime; }
