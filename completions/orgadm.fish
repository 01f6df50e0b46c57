complete --keep-order --exclusive --command orgadm --arguments "(COMPLETE=fish orgadm -- (commandline --current-process --tokenize --cut-at-cursor) (commandline --current-token))"
