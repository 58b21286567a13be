using Mono.Cecil;
using Mono.Cecil.Cil;

namespace MfaMonolith.Tests.Architecture;

/// <summary>A dependency of a top-level type on another type, read from the compiled IL.</summary>
/// <param name="From">The full name of the top-level type the dependency was found in (its nested and compiler-generated types included).</param>
/// <param name="OnAssembly">The assembly the type depended on is defined in.</param>
/// <param name="OnNamespace">The namespace of the depended-on type (of its outermost declaring type when nested).</param>
/// <param name="OnType">The full name of the depended-on type's outermost declaring type.</param>
internal sealed record TypeDependency(string From, string OnAssembly, string OnNamespace, string OnType)
{
    public override string ToString() => $"{From} -> {OnType} ({OnAssembly})";
}

/// <summary>
/// Every type a compiled assembly's types depend on: signatures, attributes, base types, locals and every type,
/// method and field an instruction names. Nested types — closures, lambdas and async state machines included —
/// count as their outermost type, so a dependency cannot hide in compiler-generated code. Read with Mono.Cecil (which
/// NetArchTest.Rules brings): NetArchTest 1.3.2's own dependency search skips compiler-generated nested types, so a
/// DbContext used only inside a lambda or an async method went unreported (ModuleBoundaryTests' async fixture).
/// </summary>
internal static class TypeDependencies
{
    public static IReadOnlyList<TypeDependency> Of(System.Reflection.Assembly assembly)
    {
        using var definition = AssemblyDefinition.ReadAssembly(assembly.Location);
        var found = new HashSet<TypeDependency>();
        foreach (var type in definition.MainModule.Types.Where(t => t.Name != "<Module>"))
        {
            var collector = new Collector(type.FullName, definition.Name.Name, found);
            collector.Visit(type);
        }

        return [.. found];
    }

    private sealed class Collector(string from, string ownAssembly, HashSet<TypeDependency> found)
    {
        private readonly HashSet<TypeReference> seen = new(ReferenceEqualityComparer.Instance);

        public void Visit(TypeDefinition type)
        {
            Add(type.BaseType);
            foreach (var i in type.Interfaces)
                Add(i.InterfaceType);
            Attributes(type);
            GenericParameters(type);
            foreach (var field in type.Fields)
            {
                Add(field.FieldType);
                Attributes(field);
            }

            foreach (var property in type.Properties)
            {
                Add(property.PropertyType);
                Attributes(property);
            }

            foreach (var @event in type.Events)
                Add(@event.EventType);
            foreach (var method in type.Methods)
                Visit(method);
            foreach (var nested in type.NestedTypes)
                Visit(nested);
        }

        private void Visit(MethodDefinition method)
        {
            Add(method.ReturnType);
            foreach (var parameter in method.Parameters)
            {
                Add(parameter.ParameterType);
                Attributes(parameter);
            }

            Attributes(method);
            Attributes(method.MethodReturnType);
            GenericParameters(method);
            if (!method.HasBody)
                return;
            foreach (var variable in method.Body.Variables)
                Add(variable.VariableType);
            foreach (var handler in method.Body.ExceptionHandlers)
                Add(handler.CatchType);
            foreach (var instruction in method.Body.Instructions)
                Operand(instruction);
        }

        private void Operand(Instruction instruction)
        {
            switch (instruction.Operand)
            {
                case TypeReference type:
                    Add(type);
                    break;
                case MethodReference method:
                    Method(method);
                    break;
                case FieldReference field:
                    Add(field.DeclaringType);
                    Add(field.FieldType);
                    break;
                case CallSite site:
                    Add(site.ReturnType);
                    foreach (var parameter in site.Parameters)
                        Add(parameter.ParameterType);
                    break;
            }
        }

        private void Method(MethodReference method)
        {
            Add(method.DeclaringType);
            Add(method.ReturnType);
            foreach (var parameter in method.Parameters)
                Add(parameter.ParameterType);
            if (method is GenericInstanceMethod generic)
            {
                foreach (var argument in generic.GenericArguments)
                    Add(argument);
            }
        }

        private void Attributes(ICustomAttributeProvider provider)
        {
            foreach (var attribute in provider.CustomAttributes)
            {
                Method(attribute.Constructor);
                foreach (var argument in attribute.ConstructorArguments.Concat(attribute.Properties.Select(p => p.Argument)).Concat(attribute.Fields.Select(f => f.Argument)))
                {
                    Add(argument.Type);
                    if (argument.Value is TypeReference typeOf)
                        Add(typeOf);
                }
            }
        }

        private void GenericParameters(IGenericParameterProvider provider)
        {
            foreach (var parameter in provider.GenericParameters)
            {
                foreach (var constraint in parameter.Constraints)
                    Add(constraint.ConstraintType);
            }
        }

        private void Add(TypeReference? type)
        {
            if (type is null || !seen.Add(type))
                return;
            switch (type)
            {
                case GenericParameter:
                    return;
                case GenericInstanceType generic:
                    Add(generic.ElementType);
                    foreach (var argument in generic.GenericArguments)
                        Add(argument);
                    return;
                case IModifierType modified:
                    Add(modified.ModifierType);
                    Add(modified.ElementType);
                    return;
                case FunctionPointerType pointer:
                    Add(pointer.ReturnType);
                    foreach (var parameter in pointer.Parameters)
                        Add(parameter.ParameterType);
                    return;
                case TypeSpecification specification: // arrays, by-refs, pointers, pinned, sentinels
                    Add(specification.ElementType);
                    return;
            }

            var outermost = type;
            while (outermost.DeclaringType is not null)
                outermost = outermost.DeclaringType;
            var assembly = type.Scope switch
            {
                AssemblyNameReference reference => reference.Name,
                ModuleDefinition module => module.Assembly.Name.Name,
                _ => ownAssembly,
            };
            found.Add(new TypeDependency(from, assembly, outermost.Namespace, outermost.FullName));
        }
    }
}
