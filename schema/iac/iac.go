package iac

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/schema"
)

// RuleNameClash: two tables would be exported as resources of the same
// name, such as "orders-v2" and "orders.v2" (both OrdersV2Table in
// CloudFormation), which no template can hold. The refusal names the
// second table; export the tables separately or rename one.
const RuleNameClash errs.Rule = "resource-name-clash"

// CloudFormationJSON returns a CloudFormation template in JSON with one
// AWS::DynamoDB::Table resource per definition. The resource's logical ID
// is the table name in CamelCase followed by "Table" ("support-tickets"
// becomes SupportTicketsTable).
func CloudFormationJSON(defs ...*schema.Definition) ([]byte, error) {
	t, err := cloudFormation("iac.CloudFormationJSON", defs)
	if err != nil {
		return nil, err
	}
	return writeJSON(t), nil
}

// CloudFormationYAML returns the template of [CloudFormationJSON] in YAML.
func CloudFormationYAML(defs ...*schema.Definition) ([]byte, error) {
	t, err := cloudFormation("iac.CloudFormationYAML", defs)
	if err != nil {
		return nil, err
	}
	return writeYAML(t), nil
}

// TerraformJSON returns Terraform configuration in JSON syntax (for a
// *.tf.json file) with one aws_dynamodb_table resource per definition,
// named after the table with characters Terraform does not allow in names
// replaced by '_' ("tickets.v2" becomes tickets_v2).
func TerraformJSON(defs ...*schema.Definition) ([]byte, error) {
	const op = "iac.TerraformJSON"
	if err := check(op, defs); err != nil {
		return nil, err
	}
	tables := obj()
	seen := map[string]string{}
	for _, d := range defs {
		table := aws.ToString(d.Table.TableName)
		name := terraformName(table)
		if prev, dup := seen[name]; dup {
			return nil, nameClash(op, prev, table, name)
		}
		seen[name] = table
		tables.set(name, terraformTable(d))
	}
	return writeJSON(obj().set("resource", obj().set("aws_dynamodb_table", tables))), nil
}

// check refuses what no export can write: no definitions, or a nil one.
func check(op string, defs []*schema.Definition) error {
	if len(defs) == 0 {
		return &errs.InputError{Op: op, Rule: entity.RuleInvalidArgument, Detail: "no table definitions"}
	}
	for i, d := range defs {
		if d == nil || d.Table == nil {
			return &errs.InputError{Op: op, Rule: entity.RuleInvalidArgument, Detail: fmt.Sprintf("definition %d is nil", i)}
		}
	}
	return nil
}

// nameClash refuses table, whose resource name is that of prev.
func nameClash(op, prev, table, resource string) error {
	return &errs.InputError{Op: op, Table: table, Rule: RuleNameClash,
		Detail: fmt.Sprintf("tables %s and %s are both resource %s", prev, table, resource)}
}

func cloudFormation(op string, defs []*schema.Definition) (*object, error) {
	if err := check(op, defs); err != nil {
		return nil, err
	}
	resources := obj()
	seen := map[string]string{}
	for _, d := range defs {
		table := aws.ToString(d.Table.TableName)
		id := logicalID(table)
		if prev, dup := seen[id]; dup {
			return nil, nameClash(op, prev, table, id)
		}
		seen[id] = table
		resources.set(id, obj().set("Type", "AWS::DynamoDB::Table").set("Properties", cloudFormationTable(d)))
	}
	return obj().set("AWSTemplateFormatVersion", "2010-09-09").set("Resources", resources), nil
}

// logicalID turns a table name into a CloudFormation logical ID, which
// must be alphanumeric.
func logicalID(table string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(table, func(r rune) bool { return !isAlnum(r) }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	b.WriteString("Table")
	return b.String()
}

func isAlnum(r rune) bool { return r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) }

// terraformName turns a table name into a Terraform resource name: letters,
// digits, '_' and '-', not starting with a digit or '-'.
func terraformName(table string) string {
	b := []byte(table)
	for i, c := range b {
		if !(c == '_' || c == '-' || isAlnum(rune(c))) {
			b[i] = '_'
		}
	}
	if len(b) > 0 && !(b[0] == '_' || unicode.IsLetter(rune(b[0]))) {
		return "_" + string(b)
	}
	return string(b)
}

func keySchema(ks []types.KeySchemaElement) []any {
	out := make([]any, len(ks))
	for i, k := range ks {
		out[i] = obj().set("AttributeName", aws.ToString(k.AttributeName)).set("KeyType", string(k.KeyType))
	}
	return out
}

func projection(p *types.Projection) *object {
	o := obj().set("ProjectionType", string(p.ProjectionType))
	if len(p.NonKeyAttributes) > 0 {
		o.set("NonKeyAttributes", strings2any(p.NonKeyAttributes))
	}
	return o
}

func strings2any(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

func throughput(p *types.ProvisionedThroughput) *object {
	return obj().set("ReadCapacityUnits", aws.ToInt64(p.ReadCapacityUnits)).set("WriteCapacityUnits", aws.ToInt64(p.WriteCapacityUnits))
}

func cloudFormationTable(d *schema.Definition) *object {
	in := d.Table
	p := obj().set("TableName", aws.ToString(in.TableName)).set("BillingMode", string(in.BillingMode))
	if in.ProvisionedThroughput != nil {
		p.set("ProvisionedThroughput", throughput(in.ProvisionedThroughput))
	}
	if c := in.OnDemandThroughput; c != nil {
		p.set("OnDemandThroughput", obj().set("MaxReadRequestUnits", aws.ToInt64(c.MaxReadRequestUnits)).set("MaxWriteRequestUnits", aws.ToInt64(c.MaxWriteRequestUnits)))
	}
	if in.TableClass != "" {
		p.set("TableClass", string(in.TableClass))
	}
	if aws.ToBool(in.DeletionProtectionEnabled) {
		p.set("DeletionProtectionEnabled", true)
	}
	var defs []any
	for _, a := range in.AttributeDefinitions {
		defs = append(defs, obj().set("AttributeName", aws.ToString(a.AttributeName)).set("AttributeType", string(a.AttributeType)))
	}
	p.set("AttributeDefinitions", defs)
	p.set("KeySchema", keySchema(in.KeySchema))
	if len(in.GlobalSecondaryIndexes) > 0 {
		var gsis []any
		for _, g := range in.GlobalSecondaryIndexes {
			o := obj().set("IndexName", aws.ToString(g.IndexName)).set("KeySchema", keySchema(g.KeySchema)).set("Projection", projection(g.Projection))
			if g.ProvisionedThroughput != nil {
				o.set("ProvisionedThroughput", throughput(g.ProvisionedThroughput))
			}
			gsis = append(gsis, o)
		}
		p.set("GlobalSecondaryIndexes", gsis)
	}
	if len(in.LocalSecondaryIndexes) > 0 {
		var lsis []any
		for _, l := range in.LocalSecondaryIndexes {
			lsis = append(lsis, obj().set("IndexName", aws.ToString(l.IndexName)).set("KeySchema", keySchema(l.KeySchema)).set("Projection", projection(l.Projection)))
		}
		p.set("LocalSecondaryIndexes", lsis)
	}
	if s := in.StreamSpecification; s != nil && aws.ToBool(s.StreamEnabled) {
		p.set("StreamSpecification", obj().set("StreamViewType", string(s.StreamViewType)))
	}
	if d.TTLAttribute != "" {
		p.set("TimeToLiveSpecification", obj().set("AttributeName", d.TTLAttribute).set("Enabled", true))
	}
	if len(in.Tags) > 0 {
		var tags []any
		for _, t := range in.Tags {
			tags = append(tags, obj().set("Key", aws.ToString(t.Key)).set("Value", aws.ToString(t.Value)))
		}
		p.set("Tags", tags)
	}
	return p
}

func terraformTable(d *schema.Definition) *object {
	in := d.Table
	r := obj().set("name", aws.ToString(in.TableName)).set("billing_mode", string(in.BillingMode))
	for _, k := range in.KeySchema {
		if k.KeyType == types.KeyTypeHash {
			r.set("hash_key", aws.ToString(k.AttributeName))
		} else {
			r.set("range_key", aws.ToString(k.AttributeName))
		}
	}
	if c := in.ProvisionedThroughput; c != nil {
		r.set("read_capacity", aws.ToInt64(c.ReadCapacityUnits)).set("write_capacity", aws.ToInt64(c.WriteCapacityUnits))
	}
	if c := in.OnDemandThroughput; c != nil {
		r.set("on_demand_throughput", []any{obj().set("max_read_request_units", aws.ToInt64(c.MaxReadRequestUnits)).set("max_write_request_units", aws.ToInt64(c.MaxWriteRequestUnits))})
	}
	if in.TableClass != "" {
		r.set("table_class", string(in.TableClass))
	}
	if aws.ToBool(in.DeletionProtectionEnabled) {
		r.set("deletion_protection_enabled", true)
	}
	if s := in.StreamSpecification; s != nil && aws.ToBool(s.StreamEnabled) {
		r.set("stream_enabled", true).set("stream_view_type", string(s.StreamViewType))
	}
	var attrs []any
	for _, a := range in.AttributeDefinitions {
		attrs = append(attrs, obj().set("name", aws.ToString(a.AttributeName)).set("type", string(a.AttributeType)))
	}
	r.set("attribute", attrs)
	if len(in.GlobalSecondaryIndexes) > 0 {
		var gsis []any
		for _, g := range in.GlobalSecondaryIndexes {
			o := obj().set("name", aws.ToString(g.IndexName))
			terraformKey(o, g.KeySchema)
			terraformProjection(o, g.Projection)
			if c := g.ProvisionedThroughput; c != nil {
				o.set("read_capacity", aws.ToInt64(c.ReadCapacityUnits)).set("write_capacity", aws.ToInt64(c.WriteCapacityUnits))
			}
			gsis = append(gsis, o)
		}
		r.set("global_secondary_index", gsis)
	}
	if len(in.LocalSecondaryIndexes) > 0 {
		var lsis []any
		for _, l := range in.LocalSecondaryIndexes {
			o := obj().set("name", aws.ToString(l.IndexName))
			for _, k := range l.KeySchema {
				if k.KeyType == types.KeyTypeRange {
					o.set("range_key", aws.ToString(k.AttributeName))
				}
			}
			terraformProjection(o, l.Projection)
			lsis = append(lsis, o)
		}
		r.set("local_secondary_index", lsis)
	}
	if d.TTLAttribute != "" {
		r.set("ttl", []any{obj().set("attribute_name", d.TTLAttribute).set("enabled", true)})
	}
	if len(in.Tags) > 0 {
		tags := map[string]string{}
		for _, t := range in.Tags {
			tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
		o := obj()
		for _, k := range slices.Sorted(maps.Keys(tags)) {
			o.set(k, tags[k])
		}
		r.set("tags", o)
	}
	return r
}

// terraformKey writes an index key: hash_key and range_key when each side
// has one attribute at most, otherwise one key_schema block per attribute.
func terraformKey(o *object, ks []types.KeySchemaElement) {
	var hash, rng int
	for _, k := range ks {
		if k.KeyType == types.KeyTypeHash {
			hash++
		} else {
			rng++
		}
	}
	if hash <= 1 && rng <= 1 {
		for _, k := range ks {
			if k.KeyType == types.KeyTypeHash {
				o.set("hash_key", aws.ToString(k.AttributeName))
			} else {
				o.set("range_key", aws.ToString(k.AttributeName))
			}
		}
		return
	}
	var blocks []any
	for _, k := range ks {
		blocks = append(blocks, obj().set("attribute_name", aws.ToString(k.AttributeName)).set("key_type", string(k.KeyType)))
	}
	o.set("key_schema", blocks)
}

func terraformProjection(o *object, p *types.Projection) {
	o.set("projection_type", string(p.ProjectionType))
	if len(p.NonKeyAttributes) > 0 {
		o.set("non_key_attributes", strings2any(p.NonKeyAttributes))
	}
}
