from dyads.cli.main import main

main()
