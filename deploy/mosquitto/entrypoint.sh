#!/bin/sh
# Creates the password file from the environment, then runs Mosquitto.
set -eu
touch /mosquitto/data/passwords
chmod 0700 /mosquitto/data/passwords
mosquitto_passwd -b /mosquitto/data/passwords "$BENCHTAP_MQTT_USER" "$BENCHTAP_MQTT_PASSWORD"
chown -R mosquitto:mosquitto /mosquitto/data
exec /usr/sbin/mosquitto -c /mosquitto/config/mosquitto.conf
