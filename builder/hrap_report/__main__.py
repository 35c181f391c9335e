from hrap_report.cli import main

main()
