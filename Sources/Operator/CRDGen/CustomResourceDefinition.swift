/// An `apiextensions.k8s.io/v1` CustomResourceDefinition, with only the fields we generate.
package struct CustomResourceDefinition: Encodable, Sendable {
    package var apiVersion = "apiextensions.k8s.io/v1"
    package var kind = "CustomResourceDefinition"
    package var metadata: ObjectMeta
    package var spec: Spec

    package struct Spec: Encodable, Sendable {
        package var group: String
        package var names: Names
        package var scope: String
        package var versions: [Version]
    }

    package struct Names: Encodable, Sendable {
        package var categories: [String]?
        package var kind: String
        package var listKind: String
        package var plural: String
        package var shortNames: [String]?
        package var singular: String
    }

    package struct Version: Encodable, Sendable {
        package var name: String
        package var served = true
        package var storage = true
        package var additionalPrinterColumns: [PrinterColumn]?
        package var schema: ValidationSchema
        package var subresources: Subresources?
    }

    package struct ValidationSchema: Encodable, Sendable {
        package var openAPIV3Schema: Schema
    }

    package struct PrinterColumn: Encodable, Sendable {
        package var name: String
        package var type: String
        package var jsonPath: String
        package var description: String?
        package var priority: Int?

        package init(_ name: String, _ type: String, _ jsonPath: String, description: String? = nil) {
            self.name = name
            self.type = type
            self.jsonPath = jsonPath
            self.description = description
        }
    }

    package struct Subresources: Encodable, Sendable {
        /// Encodes as `status: {}`.
        package var status = Empty()
        package struct Empty: Encodable, Sendable {}
    }
}
