package ops

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/dynamodel/dynamodel/schema/iac"
)

func exportCommand() *command {
	return &command{
		name:     "export",
		synopsis: "cloudformation [--yaml|--json] | terraform  [--table NAME]... [--out FILE]",
		summary:  "the tables as CloudFormation or Terraform (no requests)",
		detail: `Writes the tables as infrastructure as code, to stdout or to --out FILE:
cloudformation is a template with one AWS::DynamoDB::Table resource per
table, in JSON (the default) or YAML; terraform is Terraform's JSON syntax
(a *.tf.json file) with one aws_dynamodb_table resource per table. The
output is deterministic. Sends no request.`,
		flags: func(r *runner, fs *flag.FlagSet) runFunc {
			var tables listFlag
			fs.Var(&tables, "table", "only this `table` (repeatable)")
			yaml := fs.Bool("yaml", false, "cloudformation: write YAML")
			asJSON := fs.Bool("json", false, "cloudformation: write JSON (the default)")
			out := fs.String("out", "", "write to `file` instead of stdout")
			return func(ctx context.Context, args []string) (int, error) {
				if len(args) == 0 {
					return ExitUsage, usagef("a format is needed: cloudformation or terraform")
				}
				if len(args) > 1 {
					return ExitUsage, usagef("unexpected argument %q", args[1])
				}
				format := args[0]
				switch format {
				case "cloudformation":
					if *yaml && *asJSON {
						return ExitUsage, usagef("--yaml and --json exclude each other")
					}
				case "terraform":
					if *yaml || *asJSON {
						return ExitUsage, usagef("--yaml and --json are for cloudformation; terraform is written in JSON syntax")
					}
				default:
					return ExitUsage, usagef("unknown format %q: want cloudformation or terraform", format)
				}
				sel, err := r.selectTables(tables)
				if err != nil {
					return ExitUsage, err
				}
				return r.export(sel, format, *yaml, *out)
			}
		},
	}
}

func (r *runner) export(tables []Table, format string, yaml bool, out string) (int, error) {
	defs, err := define(tables)
	if err != nil {
		return ExitError, err
	}
	var doc []byte
	switch {
	case format == "terraform":
		doc, err = iac.TerraformJSON(defs...)
	case yaml:
		doc, err = iac.CloudFormationYAML(defs...)
	default:
		doc, err = iac.CloudFormationJSON(defs...)
	}
	if err != nil {
		return ExitError, err
	}
	if out == "" {
		if _, err := r.stdout.Write(doc); err != nil {
			return ExitError, err
		}
		return ExitOK, nil
	}
	if err := os.WriteFile(out, doc, 0o644); err != nil {
		return ExitError, err
	}
	fmt.Fprintf(r.stderr, "%s export: wrote %s (%d bytes)\n", r.name, out, len(doc))
	return ExitOK, nil
}
