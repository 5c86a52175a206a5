"""Training rooms: a trainer and many learners on one host, through the files of a room folder."""
