# Multi-stage build of benchtap: Maven builds the shaded jar, a JRE runs it.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline || true
COPY src ./src
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --home /var/lib/benchtap benchtap && mkdir -p /var/lib/benchtap && chown benchtap /var/lib/benchtap
WORKDIR /var/lib/benchtap
COPY --from=build /src/target/benchtap.jar /opt/benchtap/benchtap.jar
USER benchtap
EXPOSE 9470
ENTRYPOINT ["java", "-jar", "/opt/benchtap/benchtap.jar"]
CMD ["serve"]
