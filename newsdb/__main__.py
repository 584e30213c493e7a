from newsdb.cli import main

main(prog_name="newsdb")
