package keys

import "github.com/dynamodel/dynamodel/internal/errs"

// The rules a key condition or a key value breaks. A refusal is an
// *entity.InputError (it matches entity.ErrInvalidInput) naming the index
// and the attribute, with its Rule set to one of these:
//
//	var ie *entity.InputError
//	if errors.As(err, &ie) && ie.Rule == keys.RuleSortGap { … }
//
// A number DynamoDB would refuse, in a key as anywhere else, has the rule
// cond.RuleInvalidNumber.
const (
	// RulePartitionMissing: every partition attribute needs an equality
	// condition.
	RulePartitionMissing errs.Rule = "partition-missing"
	// RulePartitionNotEqual: partition attributes take only =.
	RulePartitionNotEqual errs.Rule = "partition-not-equal"
	// RuleSortGap: sort attributes are constrained left to right, without
	// gaps.
	RuleSortGap errs.Rule = "sort-gap"
	// RuleRangeNotLast: only the last sort attribute constrained may take a
	// range operator (<, <=, >, >=, BETWEEN, begins_with).
	RuleRangeNotLast errs.Rule = "range-not-last"
	// RuleBeginsWithNumber: begins_with does not apply to number attributes.
	RuleBeginsWithNumber errs.Rule = "begins-with-number"
	// RuleNotKeyAttribute: the attribute is not a key attribute of the
	// index (or table) queried.
	RuleNotKeyAttribute errs.Rule = "not-key-attribute"
	// RuleDuplicateCondition: more than one condition on one key attribute.
	RuleDuplicateCondition errs.Rule = "duplicate-condition"
	// RuleUnsupportedOperator: an operator a key condition does not allow.
	RuleUnsupportedOperator errs.Rule = "unsupported-operator"
	// RuleNoConditions: a key condition needs the partition attributes.
	RuleNoConditions errs.Rule = "no-conditions"
	// RuleKeyValueTypeMismatch: a key value (or a missing one) is not of the
	// key attribute's type.
	RuleKeyValueTypeMismatch errs.Rule = "key-value-type"
	// RuleKeyValueTooLarge: a key value over DynamoDB's limit (2048 bytes
	// for a partition value, 1024 for a sort value).
	RuleKeyValueTooLarge errs.Rule = "key-value-too-large"
	// RuleEmptyKeyValue: key values cannot be empty.
	RuleEmptyKeyValue errs.Rule = "empty-key-value"
)

// The rules a key schema breaks. They are reported when a model is
// registered, inside its *entity.ModelError.
const (
	// RuleNoPartition: a key schema needs at least one partition attribute.
	RuleNoPartition errs.Rule = "no-partition"
	// RuleTooManyAttributes: more key attributes than the schema's kind
	// allows (1 and 1 for a table, 4 and 4 for a global secondary index,
	// exactly one sort attribute for a local one).
	RuleTooManyAttributes errs.Rule = "too-many-key-attributes"
	// RuleKeyType: key attributes are of type S, N or B.
	RuleKeyType errs.Rule = "key-type"
	// RuleDuplicateKey: an attribute appears twice in one key schema.
	RuleDuplicateKey errs.Rule = "duplicate-key"
	// RuleKeyName: a key attribute name is empty or longer than 255 bytes.
	RuleKeyName errs.Rule = "key-name"
)
