// Package iac exports table definitions as infrastructure as code: an
// AWS CloudFormation template (JSON or YAML) with one AWS::DynamoDB::Table
// resource per table, or Terraform's JSON syntax (a *.tf.json file) with one
// aws_dynamodb_table resource per table.
//
// The input is a [schema.Definition] — the same value CreateTable and Plan
// use — so the exported table is the table the models declare: attribute
// definitions, primary key, global secondary indexes with multi-attribute
// keys, local secondary indexes, projections, billing mode and capacity,
// on-demand maximum, table class, deletion protection, stream, time to
// live and tags.
//
//	def, err := schema.Define("tickets", tickets)
//	tf, err := iac.TerraformJSON(def)
//	os.WriteFile("tickets.tf.json", tf, 0o644)
//
// Output is deterministic: properties in a fixed order, indexes and
// attributes in the order of the Definition (sorted by name), resources in
// the order given. The YAML is written from the same ordered structure as
// the JSON, without a YAML library; strings are quoted whenever a plain
// scalar could be read as something else.
//
// Multi-attribute keys: CloudFormation lists every key attribute in an
// index's KeySchema, HASH elements first. Terraform's provider takes one
// key_schema block per attribute in a global_secondary_index; an index with
// one partition attribute and at most one sort attribute is written with
// hash_key and range_key instead, which every provider version accepts.
// Multi-attribute keys need a provider release that has key_schema.
//
// # Errors
//
// Every error of the package is a refusal of its input, made before
// anything is written: an *entity.InputError matching
// entity.ErrInvalidInput, as refusals of input are throughout the module,
// naming the call and, for a clash, the table. Its Rule is
// [RuleNameClash] for two tables that would be resources of the same name,
// or entity.RuleInvalidArgument for no definitions or a nil one. A clash
// is decided by the table names alone, before any output, and is mended in
// the input (rename a table, or export the two separately), so it is a
// refused input like the others rather than an outcome of its own.
package iac
