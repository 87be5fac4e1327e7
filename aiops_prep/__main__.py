from aiops_prep.cli import main

main()
