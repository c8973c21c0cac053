"""People: the resident registry, IINs, accounts, verification and roles held in territories."""
