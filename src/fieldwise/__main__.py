from fieldwise.cli import app

app(prog_name="fieldwise")
