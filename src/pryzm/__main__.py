from pryzm.cli import app

app(prog_name="pryzm")
