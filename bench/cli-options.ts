/** The command line of `npm run bench`. */
export interface CliOptions {
  /** Scenario ids or groups to run; all when empty. */
  only: string[];
  /** Repetitions for every selected scenario instead of each one's own. */
  reps?: number;
  /** Scenario ids whose SDK side gets a CPU profile after measuring. */
  profile: string[] | "selected";
  /** Profile this runner instead of each scenario's SDK side (e.g. `raw`, for comparison). */
  profileRunner?: string;
  /** Write results.json and BENCHMARKS.md (always for a full run). */
  write: boolean;
  list: boolean;
  help: boolean;
}

/** The usage text. */
export const USAGE = `npm run bench [-- options]

  --only a,b           run only these scenarios (ids or groups); prints the results, writes them only with --merge
  --reps N             repetitions per scenario instead of each scenario's own
  --profile[=a,b]      after measuring, write a CPU profile of the SDK side of these scenarios (default: the
                       selected ones) to bench/profiles/ and print its hottest functions; a full run profiles roundtrip
  --profile-runner R   profile runner R (e.g. raw) instead of the SDK side
  --no-profile         no profiles
  --merge              with --only: merge the results into bench/results.json and regenerate BENCHMARKS.md
  --list               list the scenarios
  --help               this text`;

const list = (value: string) => value.split(",").map((item) => item.trim()).filter(Boolean);

/** Parses `argv` (without node and the script); throws on anything unknown. */
export function parseCliOptions(argv: readonly string[]): CliOptions {
  const options: CliOptions = { only: [], profile: [], write: true, list: false, help: false };
  let profile: string[] | "selected" | undefined;
  let merge = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    const value = () => {
      const next = inline ?? argv[++i];
      if (next === undefined) throw new Error(`${flag} needs a value.\n\n${USAGE}`);
      return next;
    };
    switch (flag) {
      case "--only":
        options.only.push(...list(value()));
        break;
      case "--reps": {
        const reps = Number(value());
        if (!Number.isInteger(reps) || reps < 1) throw new Error("--reps needs a positive integer.");
        options.reps = reps;
        break;
      }
      case "--profile":
        profile = inline === undefined ? "selected" : list(inline);
        break;
      case "--profile-runner":
        options.profileRunner = value();
        break;
      case "--no-profile":
        profile = [];
        break;
      case "--merge":
        merge = true;
        break;
      case "--list":
        options.list = true;
        break;
      case "--help":
      case "-h":
        options.help = true;
        break;
      default:
        throw new Error(`Unknown option ${argv[i]}.\n\n${USAGE}`);
    }
  }
  const full = options.only.length === 0;
  options.write = full || merge;
  options.profile = profile ?? (full ? ["roundtrip"] : []);
  return options;
}
