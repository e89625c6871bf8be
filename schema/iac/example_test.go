package iac_test

import (
	"fmt"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/schema"
	"github.com/dynamodel/dynamodel/schema/iac"
)

// Pick's index has a two-attribute partition key.
type Pick struct {
	entity.Model `ddb:"table=picks,project=ByZone:KEYS_ONLY"`
	PickID       string `dynamodbav:"pickId" ddb:"pk"`
	Warehouse    string `dynamodbav:"warehouse" ddb:"gsi=ByZone:pk1"`
	Zone         string `dynamodbav:"zone" ddb:"gsi=ByZone:pk2"`
	ExpiresAt    int64  `dynamodbav:"expiresAt,omitempty" ddb:"ttl"`
}

func ExampleCloudFormationYAML() {
	def, err := schema.Define("picks", entity.MustRegister[Pick]())
	if err != nil {
		fmt.Println(err)
		return
	}
	out, err := iac.CloudFormationYAML(def)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(out))
	// Output:
	// AWSTemplateFormatVersion: "2010-09-09"
	// Resources:
	//   PicksTable:
	//     Type: AWS::DynamoDB::Table
	//     Properties:
	//       TableName: picks
	//       BillingMode: PAY_PER_REQUEST
	//       AttributeDefinitions:
	//         - AttributeName: pickId
	//           AttributeType: S
	//         - AttributeName: warehouse
	//           AttributeType: S
	//         - AttributeName: zone
	//           AttributeType: S
	//       KeySchema:
	//         - AttributeName: pickId
	//           KeyType: HASH
	//       GlobalSecondaryIndexes:
	//         - IndexName: ByZone
	//           KeySchema:
	//             - AttributeName: warehouse
	//               KeyType: HASH
	//             - AttributeName: zone
	//               KeyType: HASH
	//           Projection:
	//             ProjectionType: KEYS_ONLY
	//       TimeToLiveSpecification:
	//         AttributeName: expiresAt
	//         Enabled: true
}

func ExampleTerraformJSON() {
	def, err := schema.Define("picks", entity.MustRegister[Pick]())
	if err != nil {
		fmt.Println(err)
		return
	}
	out, err := iac.TerraformJSON(def)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(out))
	// Output:
	// {
	//   "resource": {
	//     "aws_dynamodb_table": {
	//       "picks": {
	//         "name": "picks",
	//         "billing_mode": "PAY_PER_REQUEST",
	//         "hash_key": "pickId",
	//         "attribute": [
	//           {
	//             "name": "pickId",
	//             "type": "S"
	//           },
	//           {
	//             "name": "warehouse",
	//             "type": "S"
	//           },
	//           {
	//             "name": "zone",
	//             "type": "S"
	//           }
	//         ],
	//         "global_secondary_index": [
	//           {
	//             "name": "ByZone",
	//             "key_schema": [
	//               {
	//                 "attribute_name": "warehouse",
	//                 "key_type": "HASH"
	//               },
	//               {
	//                 "attribute_name": "zone",
	//                 "key_type": "HASH"
	//               }
	//             ],
	//             "projection_type": "KEYS_ONLY"
	//           }
	//         ],
	//         "ttl": [
	//           {
	//             "attribute_name": "expiresAt",
	//             "enabled": true
	//           }
	//         ]
	//       }
	//     }
	//   }
	// }
}
