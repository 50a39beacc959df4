module kernite.names { requires kernite.runtime; }
