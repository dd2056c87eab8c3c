package io.benchtap.parse.support;

import io.benchtap.parse.ToolDeclaration;
import io.benchtap.parse.ToolParser;
import java.util.Objects;

/**
 * The base of the tools' {@link ToolParser}s: the tool's {@link ToolDeclaration} is one constant,
 * given once to the constructor, and {@link #declaration()} returns it. A subclass keeps the
 * public no-argument constructor that {@link java.util.ServiceLoader} needs.
 */
public abstract class DeclaredParser implements ToolParser {

  private final ToolDeclaration declaration;

  protected DeclaredParser(ToolDeclaration declaration) {
    this.declaration = Objects.requireNonNull(declaration, "declaration");
  }

  @Override
  public final ToolDeclaration declaration() {
    return declaration;
  }
}
