#!/usr/bin/python3
"""Times two programs in alternating rounds on one machine and reports their ratio: a noisy or shared machine
slows both alike within a round, so the ratio holds where the milliseconds do not.

A side is `wuton` (./wuton bench) or `reference` (bench/reference.py, with this same python). Both run in the
environment the ./wuton launcher sets (read from its `export NAME="${NAME:-VALUE}"` lines), so that the
reference's OpenMP and OpenBLAS threads behave as the Java model's; --a-env and --b-env change it for one side.
The options after `--` go to both sides (the options of ./wuton bench). Each round runs A then B, the next B
then A. The two sides must report the same parameter count.

    /usr/bin/python3 bench/side_by_side.py --rounds 4 -- --model full --batch 1 --threads 2
    /usr/bin/python3 bench/side_by_side.py --b wuton --b-env OMP_WAIT_POLICY=ACTIVE -- --model tiny --batch 1

Prints one line per round and side, then per batch size the mean of each side's mean milliseconds, the
ratio A / B of those means (below 1: A is faster) and the range of the rounds' own ratios.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAUNCHER = os.path.join(ROOT, "wuton")
REFERENCE = os.path.join(ROOT, "bench", "reference.py")
EXPORT = re.compile(r'^export (\w+)="\$\{\1:-([^}]*)\}"', re.MULTILINE)


def launcher_environment():
    """{NAME: VALUE} of the variables ./wuton sets when they are not set already."""
    with open(LAUNCHER) as f:
        return dict(EXPORT.findall(f.read()))


def assignments(pairs, option):
    env = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            sys.exit(f"side_by_side.py: {option} {pair}: expected NAME=VALUE")
        env[name] = value
    return env


def run(program, env_changes, bench_args, json_file):
    env = dict(os.environ)
    env.update(launcher_environment())
    env.update(env_changes)
    if program == "wuton":
        command = [LAUNCHER, "bench", *bench_args, "--json", json_file, "--force"]
    else:
        command = [sys.executable, REFERENCE, *bench_args, "--json", json_file]
    done = subprocess.run(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        sys.exit(f"side_by_side.py: {' '.join(command)} failed ({done.returncode}): {done.stderr.strip()}")
    with open(json_file) as f:
        return json.load(f)


def label(program, env):
    return program + "".join(f" {k}={v}" for k, v in sorted(env.items()))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--a", choices=("wuton", "reference"), default="wuton", help="first side (default: %(default)s)")
    p.add_argument("--b", choices=("wuton", "reference"), default="reference", help="second side (default: %(default)s)")
    p.add_argument("--a-env", action="append", default=[], metavar="NAME=VALUE", help="environment of side A only")
    p.add_argument("--b-env", action="append", default=[], metavar="NAME=VALUE", help="environment of side B only")
    p.add_argument("--rounds", type=int, default=3, help="rounds of A and B (default: %(default)s)")
    p.add_argument("--json", metavar="FILE", help="also write every round's results here")
    p.add_argument("bench_args", nargs=argparse.REMAINDER, help="-- then the options of ./wuton bench")
    args = p.parse_args()
    bench_args = args.bench_args[1:] if args.bench_args[:1] == ["--"] else args.bench_args
    if args.rounds < 1:
        sys.exit("side_by_side.py: --rounds must be at least 1")
    sides = [("A", args.a, assignments(args.a_env, "--a-env")), ("B", args.b, assignments(args.b_env, "--b-env"))]
    print(f"A: {label(*sides[0][1:])}\nB: {label(*sides[1][1:])}\nenvironment of both: "
          + " ".join(f"{k}={v}" for k, v in sorted(launcher_environment().items())) + f"\noptions: {' '.join(bench_args)}")
    rounds = []
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            order = sides if r % 2 == 0 else sides[::-1]
            reports = {}
            for name, program, env in order:
                reports[name] = run(program, env, bench_args, os.path.join(tmp, name + ".json"))
                line = ", ".join(f"batch {x['batch']} {x['mean_ms']:.1f} ms" for x in reports[name]["results"])
                print(f"round {r + 1} {name}: {line}", flush=True)
            if reports["A"]["parameters"] != reports["B"]["parameters"]:
                sys.exit(f"side_by_side.py: A has {reports['A']['parameters']} parameters, B "
                         f"{reports['B']['parameters']}: not the same model")
            rounds.append(reports)
    print(f"parameters: {rounds[0]['A']['parameters']}, threads A {rounds[0]['A']['threads']}, "
          f"B {rounds[0]['B']['threads']}")
    for i, first in enumerate(rounds[0]["A"]["results"]):
        means = {name: sum(rd[name]["results"][i]["mean_ms"] for rd in rounds) / len(rounds) for name in ("A", "B")}
        ratios = sorted(rd["A"]["results"][i]["mean_ms"] / rd["B"]["results"][i]["mean_ms"] for rd in rounds)
        print(f"batch {first['batch']}: A {means['A']:.1f} ms, B {means['B']:.1f} ms, A / B {means['A'] / means['B']:.2f}"
              f" (means over {len(rounds)} rounds; per round {ratios[0]:.2f} to {ratios[-1]:.2f})")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"a": label(*sides[0][1:]), "b": label(*sides[1][1:]), "options": bench_args, "rounds": rounds},
                      f, indent=2)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
