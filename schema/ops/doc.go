// Package ops is the operator command a service mounts in its own binary:
// plan and apply its tables against the live ones, report their cost,
// review their design, and export them as CloudFormation or Terraform,
// from a terminal or from CI.
//
// The models are Go types, so the command is built with them: the service
// adds a small main (or a subcommand of its own binary) that hands its
// registered models to [Main]:
//
//	func main() {
//		tickets := entity.MustRegister[Ticket]()
//		ops.RunAndExit(ops.Config{
//			Tables: []ops.Table{{Name: "prod-tickets", Metas: []*entity.Meta{tickets},
//				Settings: schema.Settings{DeletionProtection: true}}},
//			NewClient: func(ctx context.Context) (schema.Client, error) {
//				cfg, err := config.LoadDefaultConfig(ctx)
//				if err != nil {
//					return nil, err
//				}
//				return dynamodb.NewFromConfig(cfg), nil
//			},
//		})
//	}
//
// [Main] takes the arguments, the outputs and the [Config] and returns the
// exit code; it reads no environment and keeps no state, so tests and
// programs call it directly. [RunAndExit] wraps it for os.Args and
// os.Exit, and cancels on an interrupt.
//
// # Commands
//
//	plan   [--table NAME]... [--json]
//	apply  [--table NAME]... [--allow-drop [TABLE:]INDEX]... [--json]
//	cost   [--table NAME]... [--entity NAME]... [--rate ENTITY.FIELD=VALUE]...
//	       [--billing on-demand|provisioned] [--per-million-writes P] [--per-million-reads P]
//	       [--per-wcu-hour P] [--per-rcu-hour P] [--per-gb-month P] [--query-items N] [--json]
//	review [--table NAME]... [--fail-on all|none|CODE[,CODE]...] [--json]
//	export cloudformation [--yaml|--json] | terraform  [--table NAME]... [--out FILE]
//	help   [COMMAND]
//
// plan prints [schema.Plan] for each table: the changes apply would make,
// each with its kind, reason and steps. apply makes them through
// [schema.Definition.Apply], one index per UpdateTable, waiting for each
// backfill, printing progress on stderr as it goes (with --json, one JSON
// [schema.Progress] per line, its elapsed time in nanoseconds). Before sending anything it refuses, for
// every selected table, a change DynamoDB cannot make in place and the
// deletion of an index that --allow-drop does not name; the refusal is a
// *[schema.Error] matching [schema.ErrImpossible] or an *entity.InputError
// with [schema.RuleDropRefused], naming the table and index; a refusal leaves
// every table untouched. A failed or interrupted apply stops at its table,
// leaving the tables after it untouched; running apply again continues
// where it stopped.
//
// Every command first checks the configuration and defines every table
// from its models, so a model error fails every command with ExitError.
// Like every refusal of input in the module, a configuration refused
// ([RuleConfig]) or a table its models cannot make (a rule of package
// schema) is an *entity.InputError matching entity.ErrInvalidInput;
// [Config.Check] returns it.
//
// cost prints a [cost.Report] per entity, from [Config.Costs] (a sample
// item, assumed sizes, rates) or, for entities not listed, from
// [cost.DefaultSizes]; --rate and the price flags add to the
// configuration. review prints the [review.Report] of all the models with
// [Review.Options]. export writes [iac] output. These three send no
// request and never build the client, so CI runs them without
// credentials.
//
// Results go to stdout, messages, progress and errors to stderr. Text
// output is deterministic (the same tables and models print the same
// text), and --json prints one JSON document instead: plan's
// {"exitCode", "plans", "errors"}, apply's {"exitCode", "tables" (each
// with its plan and the changes applied), "errors"}, cost's {"reports",
// "monthlyTotal"}, review's report with "exitCode".
//
// # Exit codes
//
// Plan's are those of "terraform plan -detailed-exitcode", with the kinds
// of change apart, so CI can gate on them:
//
//	0 ExitOK           success; plan: no changes; review: nothing to act on
//	1 ExitError        a request failed, a model or the configuration is wrong
//	2 ExitUsage        the command line is wrong (usage on stderr)
//	3 ExitChanges      plan: changes apply makes without an opt-in
//	  ExitFindings     review: findings to act on
//	4 ExitDestructive  plan: an index to drop; apply: refused, --allow-drop needed
//	5 ExitImpossible   plan: a change impossible in place; apply: refused
//
// With several tables, plan exits with the gravest code among them. review
// exits with 3 for findings of the codes [Review.FailOn] or --fail-on name
// (all by default); [Review.Advisory] or --fail-on none reports them and
// exits 0.
//
// # Tables and names
//
// A [Table] has the name the table has in this environment, the models it
// holds and its [schema.Settings]; the models' own table= names are not
// used, so one binary serves every environment. Plans, apply, cost reports
// and review findings name the configured table (the review groups
// entities by their models' table= names when it looks for kitchen-sink
// item collections).
package ops
