package io.layerx.cli.commands;

import io.layerx.cli.http.ApiOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** A command about one named object, through the API. */
abstract class OnNamed implements Callable<Integer> {

    @Mixin
    ApiOptions api;

    @Parameters(paramLabel = "NAME")
    String name;
}
