package schema_test

import (
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// summary renders a CreateTableInput one line per element, for compact
// comparisons.
func summary(in *dynamodb.CreateTableInput) string {
	var b strings.Builder
	fmt.Fprintf(&b, "table %s %s", aws.ToString(in.TableName), in.BillingMode)
	if p := in.ProvisionedThroughput; p != nil {
		fmt.Fprintf(&b, " %d/%d", aws.ToInt64(p.ReadCapacityUnits), aws.ToInt64(p.WriteCapacityUnits))
	}
	b.WriteString("\n")
	for _, d := range in.AttributeDefinitions {
		fmt.Fprintf(&b, "attr %s %s\n", aws.ToString(d.AttributeName), d.AttributeType)
	}
	fmt.Fprintf(&b, "key %s\n", keySchema(in.KeySchema))
	for _, g := range in.GlobalSecondaryIndexes {
		fmt.Fprintf(&b, "gsi %s %s %s", aws.ToString(g.IndexName), keySchema(g.KeySchema), projection(g.Projection))
		if p := g.ProvisionedThroughput; p != nil {
			fmt.Fprintf(&b, " %d/%d", aws.ToInt64(p.ReadCapacityUnits), aws.ToInt64(p.WriteCapacityUnits))
		}
		b.WriteString("\n")
	}
	for _, l := range in.LocalSecondaryIndexes {
		fmt.Fprintf(&b, "lsi %s %s %s\n", aws.ToString(l.IndexName), keySchema(l.KeySchema), projection(l.Projection))
	}
	return b.String()
}

func keySchema(ks []types.KeySchemaElement) string {
	parts := make([]string, len(ks))
	for i, k := range ks {
		parts[i] = aws.ToString(k.AttributeName) + " " + string(k.KeyType)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func projection(p *types.Projection) string {
	if p == nil {
		return "<nil>"
	}
	if p.ProjectionType == types.ProjectionTypeInclude {
		return "INCLUDE(" + strings.Join(p.NonKeyAttributes, ",") + ")"
	}
	return string(p.ProjectionType)
}

func lines(s ...string) string { return strings.Join(s, "\n") + "\n" }
